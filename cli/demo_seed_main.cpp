#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "demo_seed.hpp"

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  return ledger::demo::RunDemoSeed(args, std::cout, std::cerr, isatty(STDERR_FILENO) == 1);
}
