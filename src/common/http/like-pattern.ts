/** Escapes `%`, `_` and `\` so user text is matched literally by ILIKE: `%${text}%`. */
export const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
