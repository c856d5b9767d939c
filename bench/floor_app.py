"""The floor of the browser measurement (bench/browser.py): the smallest Streamlit app, one
st.write, served and timed exactly like the dashboard. Its first paint is Streamlit's own
frontend in this headless Chromium (HTML, JavaScript bundle, websocket, one script run)."""
import streamlit as st

st.write("최소 앱")
