import { Alert } from "@/components/ui/card";

/** Above a page whose address held parameters that did not parse: they were left out, the rest applies. */
export function AddressNotUnderstood({ names }: { names?: readonly string[] }) {
  return (
    <div className="mb-4">
      <Alert tone="amber">
        {names && names.length > 0
          ? `These parts of the address were not understood and were left out: ${names.join(", ")}. The page uses the rest.`
          : "Some filters in the address were not understood and were ignored."}
      </Alert>
    </div>
  );
}
