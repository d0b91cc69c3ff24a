"""Reading and presenting the diary: the one door health data leaves the database through (rows), and what is made of it
for pages, the API and files (trend data, the dashboard, words, exports, FHIR)."""
