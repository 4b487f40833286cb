{#- Fails for every combination of `combination_of_columns` that occurs more than once. -#}
{% test unique_combination(model, combination_of_columns) %}

{%- set cols = combination_of_columns | join(', ') %}

select
    {{ cols }},
    count(*) as occurrences
from {{ model }}
group by {{ cols }}
having count(*) > 1

{% endtest %}
