/** Shorter names for commands; an alias works once its command is in COMMANDS. */
export const COMMAND_ALIASES: Readonly<Record<string, string>> = {
  metrics: 'delivery-metrics',
};

/** The command `word` names (itself or through an alias), if it is one of `commands`. */
export function resolveCommand(word: string, commands: readonly string[], aliases: Readonly<Record<string, string>> = COMMAND_ALIASES): string | undefined {
  if (commands.includes(word)) return word;
  const target = Object.hasOwn(aliases, word) ? aliases[word] : undefined;
  return target !== undefined && commands.includes(target) ? target : undefined;
}

/** The aliases whose command exists, for the help text. */
export function availableAliases(commands: readonly string[], aliases: Readonly<Record<string, string>> = COMMAND_ALIASES): [alias: string, command: string][] {
  return Object.entries(aliases).filter(([, target]) => commands.includes(target));
}
