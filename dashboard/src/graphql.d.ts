/** A persisted document (see vite.config.ts): operation name, printed text and its SHA-256. */
declare module "*.graphql" {
  const document: { name: string; text: string; hash: string };
  export default document;
}
