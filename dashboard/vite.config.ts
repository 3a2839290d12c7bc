// Builds the dashboard into dist/, which the hub serves at / (hub/dashboard.py).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";
import type { Plugin } from "vite";

// A .graphql file becomes a persisted document: its name, its text and the SHA-256 of the
// text. The files are kept in graphql-core's printed form (a test checks it), so the hash is
// the one the hub computes for the document (hub/security/documents.py).
function persistedDocuments(): Plugin {
  return {
    name: "persisted-documents",
    load(id) {
      if (!id.endsWith(".graphql")) return null;
      const text = readFileSync(id, "utf8").trimEnd();
      const hash = createHash("sha256").update(text).digest("hex");
      const name = /^(?:query|subscription|mutation) (\w+)/.exec(text)?.[1] ?? "";
      return `export default ${JSON.stringify({ name, text, hash })};`;
    },
  };
}

export default defineConfig({
  base: "./",
  plugins: [persistedDocuments()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    assetsDir: "assets",
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
  },
});
