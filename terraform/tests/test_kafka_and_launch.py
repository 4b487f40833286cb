"""Kafka topics are the ones the pipeline and producers use, and Terraform's Dataflow job passes
the same production parameters as templates/trade-pipeline/launch.sh."""

import json
import re
import subprocess

import pytest
from hcl import REPO, TERRAFORM, java, load, locals_of, resources, tf_files

EXAMPLE = TERRAFORM / "environments" / "example"
LAUNCH = REPO / "templates" / "trade-pipeline" / "launch.sh"
METADATA = REPO / "templates" / "trade-pipeline" / "metadata.json"


def expected_topics() -> dict[str, int | None]:
    """Topic -> partitions the code expects (None: any count), read from the Java sources."""
    trade_topics = java("contracts/src/main/java/dev/cryptostream/contracts/TradeTopics.java")
    trades = re.search(r'String TRADES_V1 = "([^"]+)"', trade_topics).group(1)
    partitions = int(re.search(r"int DEFAULT_PARTITIONS = (\d+);", trade_topics).group(1))
    live = java("producers/src/main/java/dev/cryptostream/producers/live/KafkaLiveOutput.java")
    live_dlq = re.search(r'DEFAULT_DLQ_TOPIC = "([^"]+)"', live).group(1)
    poller = java("producers/src/main/java/dev/cryptostream/producers/coingecko/PollCoinGeckoCommand.java")
    price_topics = java("contracts/src/main/java/dev/cryptostream/contracts/PriceTopics.java")

    def poller_default(option: str) -> str:
        """The topic the poller's picocli option defaults to: a PriceTopics constant's value."""
        option_pattern = rf'names = "{option}",[^)]*?defaultValue = PriceTopics\.(\w+)'
        constant = re.search(option_pattern, poller).group(1)
        return re.search(rf'String {constant} = "([^"]+)"', price_topics).group(1)

    prices = poller_default("--topic")
    prices_dlq = poller_default("--dlq-topic")
    read = java("pipelines/src/main/java/dev/cryptostream/pipeline/options/KafkaReadOptions.java")
    assert re.search(r'@Default\.String\("([^"]+)"\) String getInputTopics', read).group(1) == trades
    return {trades: partitions, prices: None, live_dlq: None, prices_dlq: None}


def launch_defaults() -> dict[str, str]:
    """The template parameters launch.sh passes, from its own --dry-run output."""
    args = [
        "--project",
        "p",
        "--region",
        "r",
        "--template",
        "gs://b/t.json",
        "--network",
        "n",
        "--subnetwork",
        "s",
        "--service-account",
        "sa@p.iam.gserviceaccount.com",
        "--staging-location",
        "gs://b/s",
        "--temp-location",
        "gs://b/t",
        "--bootstrap-servers",
        "BOOTSTRAP:9092",
        "--dataset",
        "DATASET",
        "--dry-run",
    ]
    out = subprocess.run(["bash", str(LAUNCH), *args], check=True, capture_output=True, text=True).stdout
    argv = out.splitlines()
    raw = argv[argv.index("--parameters") + 1]
    assert raw.startswith("^~^")
    return dict(kv.split("=", 1) for kv in raw[3:].split("~"))


def test_terraform_creates_exactly_the_topics_the_code_uses():
    expected = expected_topics()
    topics = locals_of(EXAMPLE)["kafka_topics"]
    assert set(topics) == set(expected)
    variables = {
        n: b for f in EXAMPLE.glob("*.tf") for blk in load(f).get("variable", []) for n, b in blk.items()
    }
    for name, partitions in expected.items():
        if partitions is not None:
            assert topics[name]["partitions"] == "${var.trade_partitions}"
            assert variables["trade_partitions"]["default"] == partitions


def test_the_launch_reads_and_producers_write_terraform_topics():
    topics = set(locals_of(EXAMPLE)["kafka_topics"])
    defaults = launch_defaults()
    read = set(defaults["inputTopics"].split(",")) | set(defaults["priceTopics"].split(","))
    assert read <= topics
    producers = (TERRAFORM / "modules" / "producers" / "main.tf").read_text(encoding="utf-8")
    # The producers run with their default topics: no --topic / --dlq-topic override.
    assert "--topic" not in producers and "--dlq-topic" not in producers


def producers_pool() -> dict:
    (pool,) = [
        b
        for t, _, b in resources(load(TERRAFORM / "modules" / "producers" / "main.tf"))
        if t == "google_cloud_run_v2_worker_pool"
    ]
    return pool


def test_producers_authenticate_to_managed_kafka_the_way_the_code_reads_it():
    """Managed Kafka is TLS-only with SASL; the producers read these variables (KafkaSecurityOptions)
    and turn SASL_SSL + OAUTHBEARER into Google's login handler, which their jar ships."""
    (template,) = producers_pool()["template"]
    (container,) = template["containers"]
    env = {e["name"]: e["value"] for e in container["env"]}
    assert env == {
        "KAFKA_BOOTSTRAP_SERVERS": "${var.bootstrap_servers}",
        "KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
        "KAFKA_SASL_MECHANISM": "OAUTHBEARER",
    }, "no Kafka secret: OAUTHBEARER authenticates as the worker pool's service account"
    options = java("producers/src/main/java/dev/cryptostream/producers/cli/KafkaSecurityOptions.java")
    for name in ("KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM"):
        assert re.search(rf'optionOrEnv\(\w+, env, "{name}"', options), name
    security = java("producers/src/main/java/dev/cryptostream/producers/kafka/KafkaSecurityConfig.java")
    assert 'OAUTHBEARER = "OAUTHBEARER"' in security
    assert '"com.google.cloud.hosted.kafka.auth.GcpLoginCallbackHandler"' in security
    pom = (REPO / "producers" / "pom.xml").read_text(encoding="utf-8")
    assert "<artifactId>managed-kafka-auth-login-handler</artifactId>" in pom
    connection = java("producers/src/main/java/dev/cryptostream/producers/cli/KafkaConnection.java")
    assert '"${env:KAFKA_BOOTSTRAP_SERVERS:-' in connection
    # The identity it authenticates as may connect (roles/managedkafka.client, see test_iam.py).
    assert template["service_account"] == "${var.service_account_email}"
    example = load(EXAMPLE / "main.tf")
    producers_module = [b for m in example["module"] for n, b in m.items() if n == "producers"][0]
    assert producers_module["service_account_email"] == '${module.iam.emails["producers"]}'
    assert producers_module["bootstrap_servers"].startswith("${module.kafka.")


def test_terraform_job_passes_the_launch_scripts_parameters():
    params = locals_of(TERRAFORM / "modules" / "dataflow_job")["parameters"]
    match = re.fullmatch(
        r"\$\{merge\(\{(.*)\}, var\.extra_parameters\)\}", params.replace("\n", " "), flags=re.S
    )
    assert match, params
    tf_defaults = dict(re.findall(r'(\w+)\s*=\s*"?([^",}\s]+)"?', match.group(1)))
    launch = launch_defaults()
    assert set(tf_defaults) == set(launch)
    assert tf_defaults["bootstrapServers"] == "var.bootstrap_servers"
    assert tf_defaults["bigQueryDataset"] == "var.dataset_id"
    for key in set(launch) - {"bootstrapServers", "bigQueryDataset"}:
        assert tf_defaults[key] == launch[key], key
    names = {p["name"] for p in json.loads(METADATA.read_text(encoding="utf-8"))["parameters"]}
    assert set(launch) <= names


@pytest.mark.parametrize("path", ["modules/dataflow_job/main.tf", "modules/bigquery/main.tf"])
def test_paths_into_the_repository_resolve(path):
    text = (TERRAFORM / path).read_text(encoding="utf-8")
    for rel in re.findall(r"\$\{path\.module\}/([^\"}$]+)", text):
        target = (TERRAFORM / path).parent / rel
        assert target.exists(), f"{path}: {rel} does not exist"


def test_every_tf_file_parses():
    assert all(isinstance(load(f), dict) for f in tf_files())
