/*
 * A Kafka cluster for tests: librdkafka's mock cluster, which speaks the Kafka wire protocol.
 *
 *   kafka-mock [--brokers N] [--topic NAME:PARTITIONS]...
 *
 * Creates the cluster and the listed topics (others are created on first use), prints
 * "bootstrap <host:port,...>" on stdout once it is ready, and runs until SIGTERM or SIGINT, or
 * when its standard input is a pipe, until that pipe closes (so a test process that dies cannot
 * leave it behind).
 */
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static volatile sig_atomic_t stopping = 0;
static void on_signal(int sig) { (void)sig; stopping = 1; }

static int fail(const char *message, const char *detail) {
  fprintf(stderr, "kafka-mock: %s%s%s\n", message, detail ? ": " : "", detail ? detail : "");
  return 2;
}

int main(int argc, char **argv) {
  int brokers = 3;
  char errstr[512];
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  if (rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof errstr) != RD_KAFKA_CONF_OK)
    return fail("bad configuration", errstr);
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (!rk) return fail("cannot create the client handle", errstr);

  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--brokers") == 0 && i + 1 < argc) {
      brokers = atoi(argv[++i]);
      if (brokers < 1 || brokers > 16) return fail("--brokers must be from 1 to 16", argv[i]);
    } else if (strcmp(argv[i], "--topic") != 0 || i + 1 >= argc) {
      return fail("usage: kafka-mock [--brokers N] [--topic NAME:PARTITIONS]...", argv[i]);
    } else {
      i++;
    }
  }
  rd_kafka_mock_cluster_t *cluster = rd_kafka_mock_cluster_new(rk, brokers);
  if (!cluster) return fail("cannot create the mock cluster", NULL);

  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--topic") != 0) { i++; continue; }
    char *spec = argv[++i];
    char *colon = strrchr(spec, ':');
    if (!colon || colon == spec) return fail("--topic must be NAME:PARTITIONS", spec);
    *colon = '\0';
    int partitions = atoi(colon + 1);
    if (partitions < 1) return fail("partitions must be at least 1", colon + 1);
    rd_kafka_resp_err_t err =
        rd_kafka_mock_topic_create(cluster, spec, partitions, brokers < 3 ? brokers : 3);
    if (err) return fail("cannot create topic", rd_kafka_err2str(err));
  }

  signal(SIGTERM, on_signal);
  signal(SIGINT, on_signal);
  signal(SIGPIPE, SIG_IGN);
  printf("bootstrap %s\n", rd_kafka_mock_cluster_bootstraps(cluster));
  fflush(stdout);

  struct stat in_stat;
  int watch_stdin = fstat(STDIN_FILENO, &in_stat) == 0 && S_ISFIFO(in_stat.st_mode);
  char buffer[256];
  while (!stopping) {
    if (!watch_stdin) { pause(); continue; }
    struct pollfd in = {.fd = STDIN_FILENO, .events = POLLIN};
    int ready = poll(&in, 1, 200);
    if (ready > 0 && (in.revents & (POLLIN | POLLHUP))) {
      ssize_t n = read(STDIN_FILENO, buffer, sizeof buffer);
      if (n <= 0) break;
    }
  }
  rd_kafka_mock_cluster_destroy(cluster);
  rd_kafka_destroy(rk);
  return 0;
}
