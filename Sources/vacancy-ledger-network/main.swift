// The same commands as `vacancy-ledger`, plus the network: `serve`, and `--server` (or
// $VACANCY_LEDGER_SERVER) to use a served ledger.
import LedgerCommandLine
import LedgerNetwork

CommandLineMain.run(network: ServedNetwork())
