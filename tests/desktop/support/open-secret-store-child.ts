/**
 * Opens the desktop secret store in its own process, whose environment picks
 * the keychain (none, locked, ...), stores one secret and prints what it saw as
 * one JSON line. Run by tests/desktop/open-secret-store.test.ts:
 *   node --import tsx open-secret-store-child.ts <dataDir> <service> <reference> <value>
 */
import { openSecretStore } from '../../../src-main/secrets/index.ts';
import { capturingLogger } from './keyring-test-kit.ts';

const [dataDir, service, reference, value] = process.argv.slice(2) as [string, string, string, string];
const { logger, lines } = capturingLogger();
const opened = await openSecretStore({ dataDir, service, logger, probeTimeoutMs: 10_000 });
await opened.store.set(reference, value);
const readBack = await opened.store.get(reference);
process.stdout.write(
  `${JSON.stringify({ kind: opened.kind, warning: opened.warning, readBack, logs: lines })}\n`,
);
