"use client";

import { useState } from "react";

/** Copies a text to the clipboard and says so; where the browser refuses, the text stays selectable. */
export function CopyText({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<"idle" | "copied" | "refused">("idle");
  return (
    <button
      type="button"
      className="text-xs font-medium text-brand-700 hover:underline"
      onClick={() => {
        const copied = navigator.clipboard?.writeText(text);
        if (!copied) return setState("refused");
        copied.then(
          () => setState("copied"),
          () => setState("refused"),
        );
      }}
    >
      {state === "copied" ? "Copied" : state === "refused" ? "Copy blocked: select the text instead" : label}
    </button>
  );
}
