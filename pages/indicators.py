"""확인지표: per indicator, cumulative target vs cumulative actual over the term, yearly bars,
the expected trajectory and the as-of marker; the formula in words beside the rate; the cap and
rounding policy; 당초 목표 vs 변경 목표."""
import streamlit as st

from metrics import series
from metrics.formatting import date_ko
from metrics.rates import format_percent
from ui import charts, navigation, state, store, widgets
from ui.presenters import indicators as shape
from ui.presenters import forecast
from ui.presenters.common import of_indicator, one, original_vs_revised, period_labels

navigation.guard(__file__)
v = state.view()
official = store.figures(v)
widgets.page_header("확인지표", v, official)
alt = store.whatif_figures(v)

st.info(shape.formula_banner(v.policy), icon=":material/function:")

p = one(official.pledges, v.city, v.pledge_id).iloc[0]
st.metric("공약 이행률 (지표 이행률의 평균)", format_percent(p["rate"], v.policy), border=True)

indicators = one(official.indicators, v.city, v.pledge_id).sort_values("ord")
monthly = store.table("monthly_actuals", as_of=v.as_of, city=v.city, pledge_id=v.pledge_id)
term_periods = store.table("periods", term=p["term"])   # the periods of the pledge's own term
labels = period_labels(term_periods)
term_start = p["term_start"].date()

for ind in indicators.to_dict("records"):
    own = of_indicator(official.periods, v.city, v.pledge_id, ind["indicator_id"])
    st.subheader(shape.indicator_title(ind))
    chart_col, text_col = st.columns([3, 1])
    with text_col:
        st.metric("이행률", format_percent(ind["rate"], v.policy), border=True)
        st.markdown(shape.rate_formula(ind, v.policy))
        st.caption(shape.rate_notes(ind, v.policy))
        st.markdown(forecast.indicator_forecast_text(one(official.forecast, v.city, v.pledge_id), ind, v.as_of,
                                                     v.policy))
        if alt is not None:
            wi = of_indicator(alt.indicators, v.city, v.pledge_id, ind["indicator_id"]).iloc[0]
            metric = shape.whatif_metric(wi, ind, v.policy)
            st.metric("가정 목표 적용", metric["value"], delta=metric["delta"], border=True)
            st.markdown(shape.rate_formula(wi, v.policy))
    with chart_col:
        whatif_path = None
        if alt is not None:
            whatif_path = series.target_path(of_indicator(alt.periods, v.city, v.pledge_id, ind["indicator_id"]),
                                             term_periods, term_start)
        fig = charts.indicator_chart(
            series.target_path(own, term_periods, term_start),
            series.actual_path(of_indicator(monthly, v.city, v.pledge_id, ind["indicator_id"]), own, term_periods,
                               term_start, v.as_of),
            series.yearly_bars(own), v.as_of, ind["unit"], whatif_path)
        st.plotly_chart(fig, key=f"chart_{ind['indicator_id']}")
    widgets.table(shape.indicator_period_table(own, v.year, labels), hide_index=True, key=f"table_{ind['indicator_id']}")

st.subheader("당초 목표와 변경 목표")
st.caption(f"카드의 당초 목표와, 기준일({date_ko(v.as_of)})에 적용 중인 변경 목표로 각각 계산한 이행률")
widgets.table(original_vs_revised(official.indicators, official.original, official.pledges,
                                  v.city, v.pledge_id, v.policy), hide_index=True, key="original_vs_revised")
