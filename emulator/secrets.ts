// Secrets are kept the way Harbor keeps them: only a salted PBKDF2 hash, so nothing (not even the
// state file) can give a secret back, and a test can only prove a secret by logging in with it.

import { pbkdf2Sync, randomBytes, randomInt, timingSafeEqual } from "node:crypto";

export interface SecretHash {
  salt: string;
  hash: string;
}

// Low on purpose: this protects test fixtures, and every robot login pays for it.
const ITERATIONS = 1000;

function derive(secret: string, salt: string): Buffer {
  return pbkdf2Sync(secret, salt, ITERATIONS, 32, "sha256");
}

export function hashSecret(secret: string): SecretHash {
  const salt = randomBytes(16).toString("hex");
  return { salt, hash: derive(secret, salt).toString("hex") };
}

export function verifySecret(secret: string, stored: SecretHash | undefined): boolean {
  if (!stored) return false;
  const expected = Buffer.from(stored.hash, "hex");
  const actual = derive(secret, stored.salt);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Harbor's rule for robot secrets since v2.9: 8–128 bytes with a lower, an upper and a digit. */
export function isValidSecret(secret: string): boolean {
  const length = Buffer.byteLength(secret);
  return length >= 8 && length <= 128 && /[a-z]/.test(secret) && /[A-Z]/.test(secret) && /\d/.test(secret);
}

export const INVALID_SECRET_MESSAGE =
  "the secret must be 8-128, inclusively, characters long with at least 1 uppercase letter, 1 lowercase letter and 1 number";

const ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** 32 characters of [a-zA-Z0-9], drawn again until it passes the secret rule (like Harbor). */
export function generateSecret(): string {
  for (;;) {
    let s = "";
    for (let i = 0; i < 32; i++) s += ALPHABET[randomInt(ALPHABET.length)];
    if (isValidSecret(s)) return s;
  }
}
