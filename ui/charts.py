"""Plotly figures for the pages. Each builder draws series computed in metrics/ (no arithmetic
on figures here) and labels them in Korean."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

FONT = "Noto Sans CJK KR, Noto Sans KR, Malgun Gothic, sans-serif"
COLORS = {"target": "#9aa5b1", "expected": "#f0a202", "actual": "#1f6feb", "whatif": "#d1495b",
          "plan": "#9aa5b1", "executed": "#1f6feb", "late": "#d1495b"}


def _date_marker(fig: go.Figure, day: dt.date, text: str, color: str, row: int | None = None,
                 anchor: str = "left") -> None:
    """A vertical dashed line with a label (drawn as a shape: robust with date axes)."""
    x = pd.Timestamp(day)
    yref = "paper" if row is None else "y domain" if row == 1 else f"y{row} domain"
    xref = "x" if row in (None, 1) else f"x{row}"
    fig.add_shape(type="line", x0=x, x1=x, y0=0, y1=1, xref=xref, yref=yref,
                  line={"color": color, "dash": "dash", "width": 1.5})
    fig.add_annotation(x=x, y=0.98, xref=xref, yref=yref, text=text, showarrow=False, yanchor="top",
                       xanchor=anchor, bgcolor="rgba(255,255,255,0.8)", font={"color": color, "size": 12})


def indicator_chart(target: pd.DataFrame, actual: pd.DataFrame, bars: pd.DataFrame, as_of: dt.date, unit: str,
                    whatif_target: pd.DataFrame | None = None) -> go.Figure:
    """Top: 누계 목표 at period ends, the expected trajectory through them, the cumulative actual,
    the as-of marker (and the what-if trajectory). Bottom: yearly 목표 vs 실적 bars."""
    fig = make_subplots(rows=2, cols=1, row_heights=[0.65, 0.35], vertical_spacing=0.14,
                        subplot_titles=("누계 목표 대비 누계 실적", "연도별 목표·실적"))
    fig.add_trace(go.Scatter(x=target["date"], y=target["target_cumulative"], mode="lines", name="기대 궤적",
                             line={"color": COLORS["expected"], "dash": "dot"}), row=1, col=1)
    fig.add_trace(go.Scatter(x=target["date"].iloc[1:], y=target["target_cumulative"].iloc[1:], mode="markers+text",
                             name="누계 목표", text=[f"{v:,.0f}" for v in target["target_cumulative"].iloc[1:]],
                             textposition="top left", marker={"color": COLORS["target"], "size": 9, "symbol": "diamond"}),
                  row=1, col=1)
    if whatif_target is not None:
        fig.add_trace(go.Scatter(x=whatif_target["date"], y=whatif_target["target_cumulative"], mode="lines+markers",
                                 name="가정 목표 궤적", line={"color": COLORS["whatif"], "dash": "dash"}), row=1, col=1)
    fig.add_trace(go.Scatter(x=actual["date"], y=actual["actual_cumulative"], mode="lines", name="누계 실적",
                             line={"color": COLORS["actual"], "width": 3, "shape": "hv"}), row=1, col=1)
    for kind, color in (("목표", COLORS["target"]), ("실적", COLORS["actual"])):
        part = bars[bars["kind"] == kind]
        fig.add_trace(go.Bar(x=part["label"], y=part["value"], name=f"연도별 {kind}", marker_color=color,
                             showlegend=True), row=2, col=1)
    _date_marker(fig, as_of, f"기준일 {as_of.year}. {as_of.month}. {as_of.day}.", "#444", row=1)
    fig.update_yaxes(title_text=unit, row=1, col=1)
    fig.update_yaxes(title_text=unit, row=2, col=1)
    fig.update_xaxes(tickformat="%Y. %-m.", row=1, col=1)
    fig.update_xaxes(type="category", row=2, col=1)
    fig.update_layout(height=560, barmode="group", font={"family": FONT}, margin={"t": 40, "b": 20},
                      legend={"orientation": "h", "y": -0.12})
    return fig


def budget_chart(by_year: pd.DataFrame) -> go.Figure:
    """Plan against execution per term year (백만원)."""
    labels = [str(y) for y in by_year["year"]]
    fig = go.Figure([
        go.Bar(x=labels, y=by_year["planned"], name="계획", marker_color=COLORS["plan"],
               text=[f"{v:,.0f}" for v in by_year["planned"]], textposition="outside"),
        go.Bar(x=labels, y=by_year["executed"], name="집행", marker_color=COLORS["executed"],
               text=[f"{v:,.0f}" for v in by_year["executed"]], textposition="outside"),
    ])
    fig.update_layout(barmode="group", height=360, yaxis_title="백만원", font={"family": FONT},
                      margin={"t": 30, "b": 20}, legend={"orientation": "h"})
    return fig


def gantt(milestones: pd.DataFrame, quarters: pd.DataFrame, today: dt.date, as_of: dt.date,
          x_range: tuple[dt.date, dt.date]) -> go.Figure:
    """Milestones as bars over the term's quarters, late ones in red, with today's and the as-of lines."""
    colors = {"완료": "#2da44e", "완료 (지연)": COLORS["late"], "지연": COLORS["late"], "진행 중": COLORS["actual"],
              "예정": COLORS["plan"]}
    fig = go.Figure()
    for state, part in milestones.groupby("state", sort=False):
        fig.add_trace(go.Bar(
            base=part["start"], x=part["duration_ms"], y=part["name"], orientation="h", name=state,
            marker_color=colors.get(state, COLORS["plan"]),
            text=[("⚠ " if late else "") + state for late in part["late"]], textposition="inside",
            customdata=part[["start_quarter", "end_quarter"]],
            hovertemplate="%{y}<br>계획 %{customdata[0]} ~ %{customdata[1]}<extra>" + state + "</extra>",
        ))
    fig.update_xaxes(type="date", tickvals=list(pd.to_datetime(quarters["start"])), ticktext=list(quarters["label"]),
                     range=[pd.Timestamp(x_range[0]), pd.Timestamp(x_range[1])],
                     tickangle=-45)
    fig.update_yaxes(autorange="reversed")
    _date_marker(fig, today, "오늘", COLORS["late"], anchor="right")
    if as_of != today:
        _date_marker(fig, as_of, "기준일", "#444")
    fig.update_layout(height=120 + 50 * len(milestones), font={"family": FONT}, margin={"t": 40, "b": 20},
                      legend={"orientation": "h", "y": -0.35}, barmode="overlay")
    return fig


def waterfall(steps: pd.DataFrame, title: str) -> go.Figure:
    """The pledge rate from an earlier date to the as-of date, by indicator: the earlier rate, one
    step per indicator's contribution (%p), the current rate (metrics/attribution.py's split)."""
    fig = go.Figure(go.Waterfall(
        x=steps["label"], y=steps["value"], measure=steps["measure"], text=steps["text"], textposition="outside",
        connector={"line": {"color": "#9aa5b1", "dash": "dot"}},
        increasing={"marker": {"color": "#2da44e"}}, decreasing={"marker": {"color": COLORS["late"]}},
        totals={"marker": {"color": COLORS["actual"]}},
    ))
    top = max([0.0, *steps["value"].tolist()])
    fig.update_layout(title={"text": title}, height=380, font={"family": FONT}, margin={"t": 50, "b": 20},
                      yaxis={"title": "%", "range": [0, max(100.0, top) * 1.08]}, showlegend=False)
    return fig
