"""Looking at what was extracted: terminal views (inspect, show, explain) and the HTML report."""
