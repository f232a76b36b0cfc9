import { useEffect, useRef, useState } from "react";

/** pdf.js, loaded the first time a document is shown: the rest of the window starts without it. */
async function loadPdfJs() {
  const [pdfjs, worker] = await Promise.all([import("pdfjs-dist"), import("pdfjs-dist/build/pdf.worker.min.mjs?url")]);
  pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
  return pdfjs;
}

/**
 * A PDF drawn page by page into canvases by pdf.js (the window's web view has no PDF viewer of
 * its own), each page named for screen readers. The bytes are the document as Rust recorded it.
 */
export function PdfPreview({ bytes, title }: { bytes: Uint8Array; title: string }) {
  const pagesRef = useRef<HTMLDivElement>(null);
  const [drawn, setDrawn] = useState<number | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    let stopped = false;
    let destroy = () => {};
    async function draw() {
      const pdfjs = await loadPdfJs();
      // pdf.js takes the buffer over: it is given a copy, so the caller's bytes stay whole.
      const task = pdfjs.getDocument({ data: bytes.slice() });
      destroy = () => void task.destroy();
      const document = await task.promise;
      const container = pagesRef.current;
      container?.replaceChildren();
      for (let n = 1; n <= document.numPages && !stopped; n++) {
        const page = await document.getPage(n);
        const viewport = page.getViewport({ scale: 1.4 });
        const canvas = window.document.createElement("canvas");
        canvas.width = Math.floor(viewport.width);
        canvas.height = Math.floor(viewport.height);
        canvas.setAttribute("role", "img");
        canvas.setAttribute("aria-label", `${title}, page ${n} of ${document.numPages}`);
        container?.appendChild(canvas);
        const context = canvas.getContext("2d");
        if (context !== null) {
          await page.render({ canvas, canvasContext: context, viewport }).promise;
        }
      }
      if (!stopped) {
        setDrawn(document.numPages);
      }
    }
    draw().catch((e: unknown) => setFailure(e instanceof Error ? e.message : String(e)));
    return () => {
      stopped = true;
      destroy();
    };
  }, [bytes, title]);
  return (
    <div className="pdf-preview" data-testid="pdf-preview" data-pages={drawn ?? undefined}>
      {failure ? <p role="alert">The document could not be shown: {failure}</p> : null}
      <div ref={pagesRef} className="pdf-pages" />
    </div>
  );
}
