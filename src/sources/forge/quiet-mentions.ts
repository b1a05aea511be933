/**
 * Text a restore posts again under the operator's identity (issues, pull requests, comments, reviews,
 * release notes), with its `@mentions` made inert: a zero-width space after the `@` (as Renovate
 * does), so GitHub and GitLab link and notify no one. The text is its writer's word: a recreated
 * repository whose comments name thousands of people (or `@org/everyone`) sent each a notification
 * from the operator, thousands of times; and even an honest restore would ping every author again
 * for discussions years old. Addresses (`ops@example.com`) are left as they are.
 */
const MENTION = /(?<![\p{L}\p{N}_@./+-])@(?=[\p{L}\p{N}_])/gu;

export const quietMentions = (text: string): string => text.replace(MENTION, '@\u200b');


