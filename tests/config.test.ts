import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_DB_PATH, parseConfig } from '../src/config.js';

describe('config', () => {
  it('needs nothing: defaults give the console face with an embedded database', () => {
    const config = parseConfig({});
    expect(config.dbPath).toBe(DEFAULT_DB_PATH);
    expect(config.discord.token).toBeUndefined();
    expect(config.summarizer).toBe('extractive');
  });

  it('treats an empty variable as unset, as .env.example leaves them', () => {
    expect(parseConfig({ DISCORD_TOKEN: '', DISCORD_API_BASE: '' }).discord).toEqual({
      token: undefined,
      applicationId: undefined,
      apiBase: undefined,
    });
  });

  it('names the invalid variable in one line and never echoes its value', () => {
    for (const [variable, value] of [
      ['NEWSBRIEF_MAX_FILE_MB', 'sk-secret-123'],
      ['DISCORD_API_BASE', 'sk-secret-123'],
      ['NEWSBRIEF_LOG_LEVEL', 'sk-secret-123'],
      ['SUMMARIZER', 'sk-secret-123'],
    ] as const) {
      let message = '';
      try {
        parseConfig({ [variable]: value });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        message = (error as Error).message;
      }
      expect(message).toContain(variable);
      expect(message).not.toContain('sk-secret-123');
      expect(message).not.toContain('\n');
    }
  });
});
