// ledger-audit: forwards argv to RunAuditCli (audit/cli.hpp, docs/audit.md).
#include <iostream>
#include <string>
#include <vector>

#include "cli.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  return ledger::audit::RunAuditCli(args, std::cout, std::cerr);
}
