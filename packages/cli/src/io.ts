import { randomBytes } from "node:crypto";
import { readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, extname, join, relative } from "node:path";
import { LoupeError } from "@loupe/core";

/** Where a command reads and writes; tests pass their own to capture output. */
export interface Io {
  cwd: string;
  /** Environment variables (connections of systems); defaults to the process's. */
  env?: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
  /** Answers to interactive questions; undefined when there is no terminal. */
  ask?: (question: string, fallback: string) => Promise<string>;
}

/** Process I/O for the real command line. */
export function processIo(): Io {
  return {
    cwd: process.cwd(),
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  };
}

/** A path as the user should see it: relative to the working directory when inside it. */
export function displayPath(io: Io, path: string): string {
  const rel = relative(io.cwd, path);
  return rel && !rel.startsWith("..") ? rel : path;
}

/**
 * Reads a UTF-8 file, turning file-system failures into one located {@link LoupeError}.
 *
 * @example
 * const text = await readText(io, "/abs/loupe.yaml");
 */
export async function readText(io: Io, path: string): Promise<string> {
  try {
    const s = await stat(path);
    if (s.isDirectory())
      throw new LoupeError("FILE_UNREADABLE", "is a directory, expected a file", {
        file: displayPath(io, path),
      });
    return await readFile(path, "utf8");
  } catch (e) {
    if (e instanceof LoupeError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      throw new LoupeError("FILE_NOT_FOUND", "no such file", { file: displayPath(io, path) });
    throw new LoupeError("FILE_UNREADABLE", `cannot read the file (${code ?? "unknown error"})`, {
      file: displayPath(io, path),
    });
  }
}

/**
 * Writes a file atomically (a temporary file in the same folder, then a rename), so a failure never leaves
 * half a file behind.
 *
 * @example
 * await writeTextAtomic(io, "/abs/loupe.yaml", yamlText);
 */
export async function writeTextAtomic(io: Io, path: string, content: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await writeFile(tmp, content, { encoding: "utf8", flag: "wx" });
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    const code = (e as NodeJS.ErrnoException).code;
    throw new LoupeError("FILE_UNREADABLE", `cannot write the file (${code ?? "unknown error"})`, {
      file: displayPath(io, path),
    });
  }
}

export type InputKind = "map" | "policy";

/** Decides from the extension whether a file is a data map (`.yaml`/`.yml`) or a policy text (`.txt`/`.md`/`.html`). */
export function inputKind(io: Io, path: string): { kind: InputKind; format?: "txt" | "md" | "html" } {
  const ext = extname(path).toLowerCase();
  if (ext === ".yaml" || ext === ".yml") return { kind: "map" };
  if (ext === ".txt" || ext === "") return { kind: "policy", format: "txt" };
  if (ext === ".md" || ext === ".markdown") return { kind: "policy", format: "md" };
  if (ext === ".html" || ext === ".htm") return { kind: "policy", format: "html" };
  throw new LoupeError(
    "UNSUPPORTED_FORMAT",
    `unsupported file type '${ext}'; use .yaml for a data map or .txt, .md, .html for a policy`,
    { file: displayPath(io, path) },
  );
}
