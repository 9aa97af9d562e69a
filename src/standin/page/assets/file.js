// Draws the Mermaid diagrams of an uploaded file; a diagram that cannot be drawn keeps its text and says why.
(async () => {
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
  try {
    await mermaid.run({ querySelector: 'pre.mermaid' });
    document.body.dataset.diagrams = 'drawn';
  } catch (err) {
    document.body.dataset.diagrams = 'failed';
    const note = document.createElement('p');
    note.className = 'field-error';
    note.textContent = 'The diagram could not be drawn: ' + (err && err.message ? err.message : String(err));
    document.querySelector('article')?.prepend(note);
  }
})();
