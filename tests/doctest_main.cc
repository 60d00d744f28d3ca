// main() of the unit and e2e test binaries. A test's client writing to a
// connection the server reset gets EPIPE, which the test then checks,
// instead of SIGPIPE ending the whole run.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <csignal>

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  return doctest::Context(argc, argv).run();
}
