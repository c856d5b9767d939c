"""사용자 관리 (admins): the accounts with their roles, department, sign-in kind, lock and state
(never a password or hash), and the admin's tools — a new account (local password, or OIDC by
e-mail), roles, disable / re-enable, a new password (also lifts a lock-out). data.accounts
checks the admin itself and logs every change."""
import streamlit as st

from ui import navigation, widgets, workflow
from ui.presenters import approvals as shape

navigation.guard(__file__)
st.title("사용자 관리")
notice = st.session_state.pop("users_notice", None)
if notice:
    st.success(notice, icon=":material/check_circle:")

accounts = workflow.accounts_list()
widgets.table(shape.accounts_table(accounts, workflow.ROLE_LABELS), hide_index=True, key="accounts")
logins = list(accounts["login"])
roles = list(workflow.GRANTABLE)
role_label = workflow.ROLE_LABELS.get


def done(message: str) -> None:
    st.session_state["users_notice"] = message
    st.rerun()


create, change, disable, password = st.tabs(["계정 만들기", "역할 바꾸기", "중지·재사용", "비밀번호 재설정"])
with create, st.form("create_account", clear_on_submit=False):
    a, b = st.columns(2)
    login = a.text_input("아이디", key="new_login", help="영문 소문자·숫자·. _ - (3~32자)")
    name = b.text_input("이름", key="new_name")
    new_password = a.text_input("비밀번호 (OIDC 계정이면 비워 두세요)", type="password", key="new_password")
    email = b.text_input("이메일 (OIDC 로그인에 연결)", key="new_email")
    chosen = st.multiselect("역할", roles, format_func=role_label, key="new_roles")
    department = st.selectbox("부서 (부서 담당자)", ["", *workflow.departments()], key="new_department")
    if st.form_submit_button("계정 만들기", type="primary"):
        try:
            workflow.create_account(login, name, new_password, chosen, department, email)
        except workflow.Refused as err:
            st.error(str(err))
        else:
            done(f"계정을 만들었습니다: {login}")

with change, st.form("set_roles"):
    who = st.selectbox("계정", logins, key="roles_login")
    chosen = st.multiselect("역할 (새로 정할 전체)", roles, format_func=role_label, key="roles_new")
    if st.form_submit_button("역할 저장"):
        try:
            workflow.set_roles(who, chosen)
        except workflow.Refused as err:
            st.error(str(err))
        else:
            done(f"역할을 바꿨습니다: {who}")

with disable, st.form("disable"):
    who = st.selectbox("계정", logins, key="disable_login")
    stop = st.radio("상태", ["중지", "다시 사용"], horizontal=True, key="disable_state")
    if st.form_submit_button("적용"):
        try:
            workflow.set_disabled(who, stop == "중지")
        except workflow.Refused as err:
            st.error(str(err))
        else:
            done(f"{who}: {stop}")

with password, st.form("reset_password", clear_on_submit=True):
    who = st.selectbox("계정", logins, key="reset_login")
    fresh = st.text_input("새 비밀번호 (10자 이상)", type="password", key="reset_password")
    if st.form_submit_button("비밀번호 재설정"):
        try:
            workflow.reset_password(who, fresh)
        except workflow.Refused as err:
            st.error(str(err))
        else:
            done(f"비밀번호를 새로 정했습니다: {who} (잠금도 풀렸습니다)")
