"""로그인: the local 아이디/비밀번호 form (Argon2 hashes in the store, lock-out after repeated
failures), or the 로그인 (OIDC) button when an identity provider is configured. Listed for
visitors who are not signed in; the sidebar holds 로그아웃."""
import streamlit as st

from ui import auth, navigation

who = navigation.guard(__file__)
st.title("로그인")
auth.show_notice()
if auth.signed_in(who):
    auth.go_home_after_sign_in(navigation.home(who))
    st.success(f"{who.display_name or who.login} 님으로 로그인되어 있습니다 ({auth.role_text(who)}).")
else:
    st.caption("직원 계정으로 로그인하면 역할에 맞는 화면(가져오기, 목표 변경 제안·승인, 감사, 사용자 관리)이 열립니다. "
               f"{auth.idle_minutes():g}분 동안 아무 작업이 없으면 자동으로 로그아웃됩니다.")
    auth.sign_in_form()
