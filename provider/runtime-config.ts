// What a provider process knows beyond a resource's inputs: the stack config handed to `configure`
// (held by the process's context, never by the serialized provider) and the environment. Every
// setting is read here by one rule, the provider configuration's (model/provider-config.ts), which
// check also applies at preview (connection-check.ts settingsFailures): a value the rule refuses
// fails naming the setting, never silently falls back to a default, and never only after a write.
import { HarborSettingsError } from "./client/errors";
import { DYNAMIC_SETTING_NAMES, type SettingNames } from "./client/setting-names";
import { DEFAULT_HARBOR_VERSION, parseHarborVersion, type HarborVersion } from "./client/version";
import {
  configFailures,
  environmentVariable,
  fromConfigText,
  providerConfig,
  providerSettings,
  stackConfigKey,
  type ProviderConfigKey,
  type SettingKey,
} from "./model/provider-config";

export interface ConfigSource {
  get(key: string): string | undefined;
}

/**
 * The settings of one provider process: its stack config (as `configure` received it) over the
 * environment. Values are read when asked, so that a value the rule refuses fails the operation that
 * needs it (and check, at preview), naming the setting.
 */
export class RuntimeSettings {
  constructor(
    /** The stack config `configure` received; undefined outside an engine (tools, the environment only). */
    readonly stackConfig: ConfigSource | undefined,
    /** An environment of its own (tests, tools); default: the process's, as it is when read. */
    private readonly ownEnv?: NodeJS.ProcessEnv,
    /** How messages name a setting: the adapter's (dynamic `harbor:url`, native `harbor-robots:url`). */
    readonly names: SettingNames = DYNAMIC_SETTING_NAMES,
  ) {}

  get env(): NodeJS.ProcessEnv {
    return this.ownEnv ?? process.env;
  }

  /** The same environment with another stack config (what the engine's configure hands over). */
  withStackConfig(config: ConfigSource | undefined): RuntimeSettings {
    return new RuntimeSettings(config, this.ownEnv, this.names);
  }

  /** The places a setting is read from, highest precedence first: stack config, then the environment. */
  private placesOf(key: SettingKey): Array<[string, string | undefined]> {
    const fromConfig: Array<[string, string | undefined]> =
      key in providerConfig.shape
        ? [
            [
              this.names.place(key as ProviderConfigKey),
              this.stackConfig?.get(stackConfigKey(key as ProviderConfigKey)),
            ],
          ]
        : [];
    return [...fromConfig, [`environment ${environmentVariable(key)}`, this.env[environmentVariable(key)]]];
  }

  /**
   * A setting's value from the first place that sets it, as its rule reads the text (a number, true or
   * false, text); undefined when no place does. Throws HarborSettingsError naming the place, the rule
   * and the value when the rule refuses it.
   */
  value(key: SettingKey): unknown {
    for (const [place, raw] of this.placesOf(key)) {
      if (raw === undefined || raw.trim() === "") continue;
      const [problem] = configFailures({ [key]: raw }, () => place, providerSettings);
      if (problem) throw new HarborSettingsError(problem.reason);
      return fromConfigText(key, raw);
    }
    return undefined;
  }

  /**
   * The Harbor release rules are checked against at preview, highest precedence first. A release set in
   * stack config or the environment that cannot be read fails, naming the setting, rather than being
   * skipped for the default (a typo would silently check against 2.15); so does one older than 2.2, which
   * has no robot API. (connection.harborVersion's spelling is a check failure of its own, see the zod model.)
   */
  targetHarborVersion(explicit?: string): HarborVersion {
    if (explicit !== undefined && explicit.trim() !== "") {
      const [problem] = configFailures({ harborVersion: explicit }, () => "connection.harborVersion");
      const v = parseHarborVersion(explicit);
      if (!problem) return v!;
      if (v) throw new HarborSettingsError(problem.reason);
    }
    const configured = this.value("harborVersion");
    return configured === undefined ? DEFAULT_HARBOR_VERSION : parseHarborVersion(String(configured))!;
  }

  /**
   * How long after its creation a robot left behind by an interrupted run (it carries this resource's
   * owner mark) may still be recovered (see robot-account/ownership.ts), in ms; 0 turns that recovery
   * off. Config recoveryWindowHours (stack config harbor:recoveryWindowHours), else HARBOR_RECOVERY_WINDOW_HOURS, else no limit: the
   * owner mark is the proof, and a robot's age adds nothing to it.
   */
  recoveryWindowMs(): number {
    const hours = this.value("recoveryWindowHours") as number | undefined;
    return hours === undefined ? Number.POSITIVE_INFINITY : hours * 3_600_000;
  }

  /**
   * Whether least-privilege findings fail the preview (harbor:strict), else only warn: stack config
   * harbor:strict, else HARBOR_STRICT, else off. A value that is not true/false fails, naming it.
   */
  strict(): boolean {
    return this.value("strict") === true;
  }
}
