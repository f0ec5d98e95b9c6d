// ledgerctl: forwards argv to RunLedgerctl (cli/ledgerctl.hpp, docs/cli.md).
#include <iostream>
#include <string>
#include <vector>

#include "ledgerctl.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  return ledger::cli::RunLedgerctl(args, std::cin, std::cout, std::cerr);
}
