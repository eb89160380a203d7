/** What a command answers with: plain data that each face (Discord, console) renders its own way. */

export interface ViewLink {
  label: string;
  url: string | null;
  /** Extra text such as "Reuters · 2025-03-30". */
  detail?: string;
}

export interface ViewEntry {
  text: string;
  /** A secondary line: source and date, or a quote's speaker. */
  detail?: string;
  url?: string | null;
  /** 1-based numbers into `View.sources` that this entry cites. */
  cites?: number[];
  /** Render the text as a quotation. */
  quoted?: boolean;
}

export interface ViewButton {
  /** Carries the whole query, so the button still works after a restart. */
  id: string;
  label: string;
  disabled?: boolean;
}

export interface View {
  title: string;
  entries: ViewEntry[];
  /** Numbered sources that entries cite. */
  sources?: ViewLink[];
  /** Shown instead of entries when there are none. */
  empty?: string;
  footer?: string;
  buttons?: ViewButton[];
  /** Shown only to the person who asked. */
  ephemeral?: boolean;
}

/** A view that only says something went wrong, to the person who asked. */
export function errorView(message: string): View {
  return { title: 'Something went wrong', entries: [], empty: message, ephemeral: true };
}

/** "Reuters · 2025-03-30": an article's source and publication day, whichever are known. */
export function describeArticle(article: { source: string | null; published: string | null }): string {
  return [article.source, article.published?.slice(0, 10)].filter(Boolean).join(' · ');
}
