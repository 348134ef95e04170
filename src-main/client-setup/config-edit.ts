/** What an editor makes of a config file for one client. */
export interface ConfigEdit {
  after: string;
  /** Sentences for the user: what else to do, what was left as it was. Keys in them are masked. */
  notes: string[];
  /** Values to mask wherever the change is shown (the new key, the keys it replaces). */
  secrets: string[];
  /** Environment variables the client reads the key from, when it does not take it from the file. */
  environment: Record<string, string>;
}
