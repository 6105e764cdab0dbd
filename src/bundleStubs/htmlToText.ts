// Stands in for html-to-text in the bundle (scripts/build.mjs aliases it here). azext-utils uses it
// only to flatten an error message that arrives as HTML; stripping the tags is enough for that,
// and saves parsing ~120 KB (htmlparser2, entities) at every activation.
export function convert(html: string): string {
    return html
        .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '')
        .replace(/<br\s*\/?>|<\/(p|div|li|h\d)>/gi, '\n')
        .replace(/<[^>]+>/g, '')
        .replace(/&nbsp;/g, ' ')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&')
        .replace(/[ \t]+\n/g, '\n')
        .trim();
}
