// ledgerd: forwards argv to RunLedgerd (api/ledgerd.hpp, docs/api.md).
#include <iostream>
#include <string>
#include <vector>

#include "ledgerd.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  return ledger::api::RunLedgerd(args, std::cout, std::cerr);
}
