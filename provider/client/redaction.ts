// What must never appear in a message: every credential the client sends, in every form it travels
// in. A gateway's error page may echo the request's headers or body, and Harbor's own messages may
// quote a value, so scrubbing only the literal password is not enough: the Basic header carries
// base64(user:password), a JSON body carries the value JSON-escaped, a query or a form carries it
// percent-encoded. Whatever the client sends that is a credential (a password, a robot secret, and
// any later session cookie or CSRF token) registers here, once, with the form it is sent in; every
// error message is scrubbed with the forms registered so far.

/** Values shorter than this are left alone: scrubbing them would mangle ordinary words. */
const MIN_SCRUBBED = 4;

/**
 * The forms a credential may be quoted in besides itself: a JSON string (also with `\/`, as some
 * gateways write it), percent-encoded (a query) and form-encoded (`+` for a space).
 */
function encodings(value: string): string[] {
  const json = JSON.stringify(value).slice(1, -1);
  return [
    value,
    json,
    json.replace(/\//g, "\\/"),
    encodeURIComponent(value),
    new URLSearchParams({ v: value }).toString().slice(2),
  ];
}

export class Redactor {
  readonly #forms = new Set<string>();

  /** Registers a credential the client sends (and its JSON, URL and form encodings); returns it. */
  secret(value: string): string {
    for (const form of encodings(value)) this.#add(form);
    return value;
  }

  /**
   * The `Authorization` header for HTTP Basic auth. The password is registered, and so is the
   * header's token, base64(user:password), which a gateway echoing headers would show.
   */
  basicAuthorization(username: string, password: string): string {
    this.secret(password);
    return `Basic ${this.secret(Buffer.from(`${username}:${password}`).toString("base64"))}`;
  }

  /** Every registered form, longest first (so a form containing another is replaced whole). */
  forms(): string[] {
    return [...this.#forms].sort((a, b) => b.length - a.length);
  }

  /** `text` with every registered form replaced by `***`. */
  scrub(text: string): string {
    return redact(text, this.forms());
  }

  #add(form: string): void {
    if (form.length >= MIN_SCRUBBED) this.#forms.add(form);
  }
}

/** Replaces every occurrence of each value (4+ characters, shorter ones would mangle text) by `***`. */
export function redact(text: string, values: readonly string[]): string {
  let out = text;
  for (const s of [...values].sort((a, b) => b.length - a.length))
    if (s.length >= MIN_SCRUBBED) out = out.split(s).join("***");
  return out;
}

/**
 * A URL as a message may show it, whatever the text: the userinfo becomes `***@`, a query `?***`, a
 * fragment `#***`, and what follows a `:` in the host that is no port number (`https://admin:PW`,
 * the host left out) `:***`. Works on text that does not parse as a URL too. Everything up to the
 * last `@` goes: a password with an unencoded `/`, `#`, `?` or `@` in it is what makes a URL fail to
 * parse, so the URL's own delimiters cannot tell where the credentials end.
 */
export function redactUrl(raw: string): string {
  const m = /^(\s*[a-z][a-z\d+.-]*:\/\/)?(.*)$/is.exec(raw)!;
  const scheme = m[1] ?? "";
  let rest = m[2]!;
  const at = rest.lastIndexOf("@");
  if (at >= 0) rest = `***${rest.slice(at)}`;
  const cut = rest.search(/[?#]/);
  if (cut >= 0) rest = `${rest.slice(0, cut + 1)}***`;
  const slash = rest.search(/[/?#]/);
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  // host:port, [v6]:port; anything else after a colon may be a password (`admin:PW`, no host).
  const colon = authority.startsWith("[")
    ? authority.indexOf(":", authority.indexOf("]"))
    : authority.indexOf(":");
  if (colon >= 0 && !/^\d*$/.test(authority.slice(colon + 1))) rest = `${authority.slice(0, colon)}:***`;
  return scheme + rest;
}
