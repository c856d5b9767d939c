"""One presenter per screen: pure functions that shape the figures of metrics/ into the tables,
labels and texts a page draws (Korean on screen). No formulas, no Streamlit."""
