"""The dashboard's UI layer: the store's cached reads (store), the sidebar's state and URL (state),
the shared sidebar (sidebar) and planner panel (planner), shared widgets (widgets), plotly charts
(charts), CSV/XLSX bytes (export), and one presenter per screen (presenters/)."""
