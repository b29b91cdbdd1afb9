"use client";

import { clsx } from "clsx";
import { useId, useMemo, useState } from "react";

// A searchable field list (the ARIA combobox pattern): type part of a label, API name or type,
// then pick with the mouse or the arrow keys and Enter. Describes have hundreds of fields, so the
// list shows the first matches and says how many more there are.

export interface PickerOption {
  name: string;
  label: string;
  type: string;
  /** Why this field would be refused here, shown beside it; it can still be picked, and the row says why. */
  caution?: string;
}

const SHOWN = 80;

function matches(option: PickerOption, words: string[]): boolean {
  const text = `${option.label} ${option.name} ${option.type}`.toLowerCase();
  return words.every((w) => text.includes(w));
}

export function FieldPicker({
  label,
  options,
  value,
  onChange,
  invalid,
  describedBy,
  autoFocus,
}: {
  /** The accessible name and the visible label. */
  label: string;
  options: PickerOption[];
  value: string;
  onChange: (name: string) => void;
  invalid?: boolean;
  describedBy?: string;
  autoFocus?: boolean;
}) {
  const id = useId();
  const listId = `${id}-list`;
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const selected = options.find((o) => o.name === value);
  // The label in the box; the API name and type on the line under it.
  const shown = selected ? selected.label : value;

  const found = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return words.length ? options.filter((o) => matches(o, words)) : options;
  }, [options, query]);
  const visible = found.slice(0, SHOWN);

  const choose = (option: PickerOption | undefined) => {
    if (option) onChange(option.name);
    setOpen(false);
    setQuery("");
  };
  const openList = () => {
    setOpen(true);
    setActive(Math.max(0, visible.findIndex((o) => o.name === value)));
  };

  return (
    <div className="relative flex min-w-0 flex-col gap-1 text-xs text-slate-600">
      <label htmlFor={id} className="font-medium">
        {label}
      </label>
      <input
        id={id}
        type="text"
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        aria-activedescendant={open && visible[active] ? `${id}-option-${active}` : undefined}
        autoComplete="off"
        autoFocus={autoFocus}
        placeholder={shown || "Search fields…"}
        title={selected ? `${selected.label} · ${selected.name} · ${selected.type}` : undefined}
        className={clsx(
          "w-full rounded-md border bg-white px-2 py-1.5 text-sm text-slate-900 shadow-sm placeholder:text-slate-700 focus:outline-none focus:ring-2 focus:ring-brand-600 focus:placeholder:text-slate-400",
          invalid ? "border-red-500" : "border-slate-300",
        )}
        value={open ? query : shown}
        onFocus={openList}
        onClick={() => !open && openList()}
        onBlur={() => {
          setOpen(false);
          setQuery("");
        }}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" || e.key === "ArrowUp") {
            e.preventDefault();
            if (!open) return openList();
            const step = e.key === "ArrowDown" ? 1 : -1;
            setActive((a) => Math.min(Math.max(a + step, 0), Math.max(visible.length - 1, 0)));
          } else if (e.key === "Enter" && open) {
            e.preventDefault();
            choose(visible[active]);
          } else if (e.key === "Escape" && open) {
            e.preventDefault();
            setOpen(false);
            setQuery("");
          }
        }}
      />
      {selected && !open && (
        <span className="truncate text-[11px] text-slate-500">
          <span className="font-mono">{selected.name}</span> · {selected.type}
        </span>
      )}
      {open && (
        <div className="absolute top-full z-20 mt-1 w-[min(28rem,90vw)] rounded-md border border-slate-200 bg-white shadow-lg">
          <ul id={listId} role="listbox" aria-label={label} className="max-h-72 overflow-auto py-1">
            {visible.map((o, i) => (
              <li
                key={o.name}
                id={`${id}-option-${i}`}
                role="option"
                aria-selected={o.name === value}
                className={clsx("cursor-pointer px-3 py-1.5", i === active ? "bg-brand-50" : "hover:bg-slate-50", o.caution && "opacity-70")}
                // mousedown, not click: the input's blur would close the list before a click lands.
                onMouseDown={(e) => {
                  e.preventDefault();
                  choose(o);
                }}
                onMouseEnter={() => setActive(i)}
              >
                <span className="block text-sm text-slate-900">
                  {o.label} <span className="font-mono text-xs text-slate-500">{o.name}</span>{" "}
                  <span className="rounded bg-slate-100 px-1 text-[11px] text-slate-600">{o.type}</span>
                </span>
                {o.caution && <span className="block text-[11px] text-amber-800">{o.caution}</span>}
              </li>
            ))}
          </ul>
          <p className="border-t border-slate-100 px-3 py-1 text-[11px] text-slate-500" aria-live="polite">
            {found.length === 0
              ? options.length === 0
                ? "No fields are known yet; the page says how to load them."
                : "No field matches; try part of its label or API name."
              : found.length > SHOWN
                ? `${found.length - SHOWN} more match; type to narrow the list.`
                : `${found.length} field${found.length === 1 ? "" : "s"}`}
          </p>
        </div>
      )}
    </div>
  );
}
