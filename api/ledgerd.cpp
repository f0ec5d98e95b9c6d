#include "ledgerd.hpp"

#include <csignal>
#include <filesystem>
#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include "app.hpp"
#include "cli_options.hpp"
#include "ledger/genesis.hpp"
#include "ledger/ledger.hpp"
#include "server.hpp"

namespace ledger::api {

namespace {

Result<std::unique_ptr<Ledger>> OpenLedger(const LedgerdArgs& args, std::ostream& err) {
  const std::string key_path = (std::filesystem::path(args.data_dir) / kLogKeyFile).string();
  auto key = PrivateKey::ReadPemFile(key_path);
  if (!key) return Error{key.error().code, key_path, key.error().message};
  // Whoever can read the log key can sign checkpoints in the ledger's name.
  if (Status private_mode = CheckKeyFileMode(key_path); !private_mode) return private_mode.error();
  LogOptions options;
  options.dir = args.data_dir;
  LedgerOptions ledger_options;
  ledger_options.state_cache_entries = args.state_cache_entries;
  ledger_options.max_pending = args.max_pending;
  ledger_options.org_events_per_second = args.rate_org;
  // Only an upgrade from an older version (or events appended without the
  // rules) replays anything: say so, since it takes a while on a large log.
  ledger_options.progress = [&err](uint64_t done, uint64_t total) {
    err << "ledgerd: bringing the state up to date from the log: " << done << " of " << total << " events\n";
  };
  return Ledger::Open(options, std::move(*key), ledger_options);
}

}  // namespace

int RunLedgerd(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
  auto parsed = ParseLedgerdArgs(args);
  if (!parsed) {
    err << "ledgerd: " << parsed.error().ToString() << "\n" << LedgerdUsage();
    return kExitUsage;
  }
  if (parsed->help) {
    out << LedgerdUsage();
    return kExitOk;
  }

  // Signals first, so that one arriving while we open is not lost.
  boost::asio::io_context signal_ioc;
  boost::asio::signal_set signals(signal_ioc, SIGINT, SIGTERM);
  signals.async_wait([](const boost::system::error_code&, int) {});

  auto ledger = OpenLedger(*parsed, err);
  if (!ledger) {
    err << "ledgerd: cannot open the ledger: " << ledger.error().ToString() << "\n";
    return kExitFailure;
  }
  Metrics metrics;
  const Router router = MakeApiRouter(**ledger, metrics);
  ServerOptions options;
  options.host = parsed->listen.host;
  options.port = parsed->listen.port;
  options.rate_per_ip = parsed->rate_ip;
  options.max_streams = parsed->max_streams;
  options.tls_cert_file = parsed->tls_cert;
  options.tls_key_file = parsed->tls_key;
  if (!options.tls_key_file.empty()) {
    if (Status private_mode = CheckKeyFileMode(options.tls_key_file); !private_mode) {
      err << "ledgerd: --tls-key: " << private_mode.error().ToString() << "\n";
      return kExitFailure;
    }
  }
  Server server(options,
                [&router](const Request& request, Respond respond) {
                  router.Dispatch(request, std::move(respond));
                },
                metrics);
  if (Status started = server.Start(); !started) {
    err << "ledgerd: " << started.error().ToString() << "\n";
    return kExitFailure;
  }
  err << "ledgerd listening on " << (options.tls_cert_file.empty() ? "http://" : "https://")
      << FormatHostPort(options.host, server.port()) << "\n"
      << std::flush;

  signal_ioc.run();  // returns once a signal's handler has run
  err << "ledgerd: stopping\n" << std::flush;
  server.Stop();
  ledger->reset();  // drains the writer and closes RocksDB before we report
  err << "ledgerd: stopped\n";
  return kExitOk;
}

}  // namespace ledger::api
