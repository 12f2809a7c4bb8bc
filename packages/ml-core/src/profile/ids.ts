/**
 * The id of an artist in URLs and section ids (`because-<artist id>`): the name lower-cased,
 * diacritics removed, every run of other characters a single `-`. Names that differ only in
 * case, accents or punctuation share an id.
 */
export function artistId(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'unknown';
}
