/** An error in words: what happened and what to do, never a stack. */
export function ErrorNote({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p className="error" role="alert">
      ✖ {message}
    </p>
  );
}
