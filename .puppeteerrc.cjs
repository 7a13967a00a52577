// whatsapp-web.js pulls in full puppeteer, whose install would download Chrome.
// Machines here have no internet; we always launch the system Chromium instead.
module.exports = { skipDownload: true };
