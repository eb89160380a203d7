/** Routes Discord interactions to the command modules and sends their views back, within Discord's rules. */
import type {
  AttachmentBuilder,
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  CommandInteractionOption,
  Interaction,
} from 'discord.js';
import { allows, type Caller, type Command, type CommandContext, type CommandOptions, checkRequirement, runCommand } from '../command.js';
import { describeForUser, IN_DISCORD } from '../errors.js';
import { describeError, type Logger } from '../log.js';
import { errorView, type View } from '../view.js';
import { chartAttachment } from './chart.js';
import { plainText } from './escape.js';
import { LIMITS, truncate } from './limits.js';
import { type DiscordMessage, renderNotice, renderView } from './render.js';

// Discord allows 3 s for the first reply; an answer not ready by then is deferred well before.
export const AUTO_DEFER_MS = 1500;

export interface InteractionDeps {
  commands: Map<string, Command>;
  context: CommandContext;
  log: Logger;
}

const STALE_BUTTON = 'This button has expired. Run the command again for fresh results.';

/** Flattens an interaction's options (subcommands included) into name -> value (an attachment: its URL). */
export function optionsOf(data: readonly CommandInteractionOption[]): CommandOptions {
  const options: CommandOptions = {};
  for (const option of data) {
    if (option.options) {
      options.subcommand = option.name;
      Object.assign(options, optionsOf(option.options));
    } else if (option.attachment) {
      // An attached file is given to the command as its address (Discord's CDN), fetched like any other URL.
      options[option.name] = option.attachment.url;
    } else if (option.value !== undefined && option.value !== null) {
      options[option.name] = option.value;
    }
  }
  return options;
}

/** Who is asking and where, for commands that check permissions or act per server. */
export function callerOf(interaction: Interaction): Caller {
  return {
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    userId: interaction.user.id,
    permissions: interaction.memberPermissions?.bitfield ?? null,
  };
}

/** The context for one interaction: the shared use cases plus its caller. */
function contextFor(interaction: Interaction, deps: InteractionDeps): CommandContext {
  return { ...deps.context, caller: callerOf(interaction) };
}

async function produceView(produce: () => Promise<View>, log: Logger, what: string): Promise<View> {
  try {
    return await produce();
  } catch (error) {
    log.error(`${what} failed: ${describeError(error)}`);
    return errorView(describeForUser(error, IN_DISCORD));
  }
}

/** Strips what an edit of an existing message may not carry. */
function asEdit(message: DiscordMessage): Omit<DiscordMessage, 'flags'> {
  const { flags: _flags, ...rest } = message;
  return rest;
}

/**
 * Produces a view, acknowledging the interaction with `acknowledge` if the view is not ready within
 * AUTO_DEFER_MS (or at once when `early`). Resolves with the view and the acknowledgement, if any.
 */
async function viewInTime<T>(
  produce: () => Promise<T>,
  acknowledge: () => Promise<unknown>,
  early: boolean,
): Promise<{ view: T; acknowledged: Promise<unknown> | null }> {
  let acknowledged: Promise<unknown> | null = early ? acknowledge() : null;
  const timer = early ? null : setTimeout(() => (acknowledged = acknowledge()), AUTO_DEFER_MS);
  const view = await produce();
  if (timer) clearTimeout(timer);
  return { view, acknowledged };
}

/** A view with its chart's picture drawn (null without a chart, or where it cannot be drawn). */
async function withPicture(view: View, log: Logger): Promise<{ view: View; picture: AttachmentBuilder | null }> {
  return { view, picture: view.chart ? await chartAttachment(view.chart, log) : null };
}

/** Answers a slash command: defers when the command is slow (or turns out to be), then replies once. */
async function answerCommand(interaction: ChatInputCommandInteraction, command: Command, deps: InteractionDeps): Promise<void> {
  const { view: answer, acknowledged } = await viewInTime(
    async () =>
      withPicture(
        await produceView(
          () => runCommand(command, optionsOf(interaction.options.data), contextFor(interaction, deps)),
          deps.log,
          `/${interaction.commandName}`,
        ),
        deps.log,
      ),
    () => interaction.deferReply(),
    command.defer ?? false,
  );
  const { view, picture } = answer;
  const [rendered, ...rest] = renderView(view, view.chart && picture ? { chartFile: view.chart.fileName } : {});
  if (!rendered) return;
  // The picture goes with the first message, whose first embed shows it.
  const first = picture ? { ...rendered, files: [...(rendered.files ?? []), picture] } : rendered;
  if (acknowledged) {
    await acknowledged;
    if (view.ephemeral) {
      // A public "thinking…" cannot become private: remove it and answer privately instead.
      await interaction.deleteReply();
      await interaction.followUp(first);
    } else {
      await interaction.editReply(asEdit(first));
    }
  } else {
    await interaction.reply(first);
  }
  for (const message of rest) await interaction.followUp(message);
}

async function answerButton(interaction: ButtonInteraction, deps: InteractionDeps): Promise<void> {
  const name = interaction.customId.split(':', 1)[0] ?? '';
  const command = deps.commands.get(name);
  const { view, acknowledged } = await viewInTime(
    () =>
      produceView(
        async () => {
          if (!command?.button) return errorView(STALE_BUTTON);
          const context = contextFor(interaction, deps);
          checkRequirement(command, context.caller);
          return (await command.button(interaction.customId, context)) ?? errorView(STALE_BUTTON);
        },
        deps.log,
        `button ${name}`,
      ),
    () => interaction.deferUpdate(),
    false,
  );
  // A button edits the one message it sits on: its answer is one message.
  const [first] = renderView(view, { maxMessages: 1 });
  if (!first) return;
  if (acknowledged) await acknowledged;
  if (view.ephemeral) {
    // Errors and stale buttons answer the clicker alone and leave the message as it was.
    await (acknowledged ? interaction.followUp(first) : interaction.reply(first));
  } else {
    await (acknowledged ? interaction.editReply(asEdit(first)) : interaction.update(asEdit(first)));
  }
}

/** Suggestions from the command's declaration for the focused option; none for a caller the command refuses. */
async function suggestionsFor(interaction: AutocompleteInteraction, deps: InteractionDeps): Promise<string[]> {
  const command = deps.commands.get(interaction.commandName);
  const focused = interaction.options.getFocused(true);
  const suggest = command?.autocomplete?.[focused.name];
  const context = contextFor(interaction, deps);
  if (!command || !suggest || !allows(command, context.caller)) return [];
  try {
    return await suggest(String(focused.value), context, LIMITS.choices);
  } catch (error) {
    deps.log.warn(`autocomplete failed: ${describeError(error)}`);
    return [];
  }
}

async function answerAutocomplete(interaction: AutocompleteInteraction, deps: InteractionDeps): Promise<void> {
  const names = await suggestionsFor(interaction, deps);
  // A choice shows no markdown, but bidi and invisible characters would still hide or reorder it.
  const shown = [...new Set(names.map((name) => truncate(plainText(name), LIMITS.choiceName)))].filter(Boolean);
  await interaction.respond(shown.slice(0, LIMITS.choices).map((name) => ({ name, value: name })));
}

/** Answers the user privately after an unexpected failure, whatever state the interaction is in. */
async function reportFailure(interaction: Interaction, deps: InteractionDeps): Promise<void> {
  if (!interaction.isRepliable()) return;
  const notice = renderNotice(IN_DISCORD.otherwise);
  try {
    if (interaction.replied || interaction.deferred) await interaction.followUp(notice);
    else await interaction.reply(notice);
  } catch (error) {
    deps.log.warn(`could not report a failure to the user: ${describeError(error)}`);
  }
}

/** Handles any interaction; never throws, so no interaction can take the process down. */
export async function handleInteraction(interaction: Interaction, deps: InteractionDeps): Promise<void> {
  try {
    if (interaction.isChatInputCommand()) {
      const command = deps.commands.get(interaction.commandName);
      if (!command) {
        await interaction.reply(renderNotice(`Unknown command /${interaction.commandName}.`));
        return;
      }
      await answerCommand(interaction, command, deps);
    } else if (interaction.isButton()) {
      await answerButton(interaction, deps);
    } else if (interaction.isAutocomplete()) {
      await answerAutocomplete(interaction, deps);
    }
  } catch (error) {
    deps.log.error(`interaction ${interaction.id} failed: ${describeError(error)}`);
    await reportFailure(interaction, deps);
  }
}
