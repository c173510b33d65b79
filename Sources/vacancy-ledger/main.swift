// The clerk's executable: every command on a local ledger file. `serve` and `--server` are
// handed to `vacancy-ledger-network` beside it (see `NetworkFrontend` for why).
import LedgerCommandLine

CommandLineMain.run(network: Network.handOver)
