// Marks the page ready. Module scripts run in the order the page lists them, and this one comes last, so by now every
// page module has run and set its listeners: until then stride.css keeps the page's forms and buttons from taking a
// tap that no script would catch (a form would be sent the plain HTML way, reloading the page and losing the tap).
document.documentElement.dataset.ready = "";
