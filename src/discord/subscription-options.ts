/** Slash-command options the server's subscriptions (/briefing, /follow) share, built once for both. */
import type { SlashCommandSubcommandBuilder } from '@discordjs/builders';
import { ChannelType } from 'discord-api-types/v10';

/** A subcommand acting on one numbered subscription, by the number `listedBy` shows. */
export const idSubcommand = (name: string, description: string, listedBy: string) => (s: SlashCommandSubcommandBuilder) =>
  s
    .setName(name)
    .setDescription(description)
    .addIntegerOption((o) => o.setName('id').setDescription(`Its number in ${listedBy}`).setRequired(true).setMinValue(1));

/** The text channel a subscription posts in. */
export function withPostingChannel(s: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder {
  return s.addChannelOption((o) =>
    o
      .setName('channel')
      .setDescription('Where to post')
      .setRequired(true)
      .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
  );
}

/** The role a subscription's posts ping (each `post`), and its outlet filter. */
export function withDeliveryOptions(s: SlashCommandSubcommandBuilder, post: string): SlashCommandSubcommandBuilder {
  return s
    .addRoleOption((o) => o.setName('mention').setDescription(`A role to ping with each ${post} (nothing else is ever pinged)`))
    .addStringOption((o) => o.setName('only').setDescription('Only these outlets, comma-separated, e.g. BBC, Reuters').setMaxLength(400))
    .addStringOption((o) => o.setName('except').setDescription('Leave out these outlets, comma-separated').setMaxLength(400));
}
