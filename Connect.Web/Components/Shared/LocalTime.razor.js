// The browser's IANA time zone (e.g. "Europe/Paris"), so the portal writes times as the user reads them.
export function browserTimeZone() {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
