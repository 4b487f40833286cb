"""Every variable says what it is (description) and what it takes (type); every output is described."""

from hcl import TERRAFORM, blocks, load, parse, tf_files


def undocumented(tree: dict) -> list[str]:
    problems = []
    for name, body in blocks(tree, "variable"):
        if not str(body.get("description", "")).strip():
            problems.append(f"variable {name}: no description")
        if "type" not in body:
            problems.append(f"variable {name}: no type")
    for name, body in blocks(tree, "output"):
        if not str(body.get("description", "")).strip():
            problems.append(f"output {name}: no description")
    return problems


def test_every_variable_has_a_description_and_a_type_and_every_output_a_description():
    problems = [f"{f.relative_to(TERRAFORM)}: {p}" for f in tf_files() for p in undocumented(load(f))]
    assert problems == []


def test_there_are_variables_and_outputs_to_check():
    trees = [load(f) for f in tf_files()]
    assert sum(len(blocks(t, "variable")) for t in trees) >= 50
    assert sum(len(blocks(t, "output")) for t in trees) >= 20


def test_a_missing_description_or_type_is_reported():
    tree = parse(
        'variable "a" {\n  type = string\n}\n'
        'variable "b" {\n  description = "b"\n}\n'
        'variable "c" {\n  description = ""\n  type = number\n}\n'
        'output "d" {\n  value = 1\n}\n'
    )
    assert undocumented(tree) == [
        "variable a: no description",
        "variable b: no type",
        "variable c: no description",
        "output d: no description",
    ]
