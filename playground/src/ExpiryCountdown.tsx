import { useEffect, useState } from "react";

/** Renders the caller again every second. */
function useEverySecond(): void {
  const [, setTicks] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTicks((ticks) => ticks + 1), 1000);
    return () => clearInterval(timer);
  }, []);
}

const twoDigits = (n: number) => String(n).padStart(2, "0");

/** A live countdown to the access token's `exp` (seconds since the epoch). */
export function ExpiryCountdown({ expiresAt, refreshed }: { expiresAt: number; refreshed: boolean }) {
  useEverySecond();
  // Read at each render, so a new token counts down from its full lifetime at once. Rounded up: it reads
  // "expired" only once the server, which compares whole seconds, would say so too.
  const left = Math.ceil(expiresAt - Date.now() / 1000);
  return (
    <p className="tessera-expiry" role="timer" aria-live="off">
      {left > 0 ? `Access token expires in ${Math.floor(left / 60)}:${twoDigits(left % 60)}` : refreshed ? "Access token expired: the next request refreshes it" : "Access token expired"}
    </p>
  );
}
