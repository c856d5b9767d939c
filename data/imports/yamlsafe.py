"""A safe YAML loader for card files: limits checked while composing, before values are built.

    doc = load_yaml(data, "카드.yaml")      # bytes or str; raises YamlRefused (one Korean line)

On top of PyYAML's SafeLoader (no Python objects):
- the text's size is checked before the scanner runs (which bounds every scalar);
- aliases (*name) are refused (or counted against `Limits.yaml_aliases`): no billion laughs;
- nesting deeper than `Limits.yaml_depth` is refused before the deeper node is composed
  (no RecursionError);
- a scalar longer than `Limits.yaml_scalar_chars` is refused before it is constructed;
- a key written twice in one mapping is refused (PyYAML keeps the last one silently);
- .nan / .inf and floats that overflow (1e400) are refused.
The message names the line and never echoes a value.
"""
from __future__ import annotations

import math

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, ScalarNode

from data.imports.limits import Limits, Refusal, limits as current_limits


class YamlRefused(Refusal):
    """A card YAML refused by the loader; str() is one Korean line naming the line."""


def _line(node_or_mark) -> int | None:
    mark = getattr(node_or_mark, "start_mark", node_or_mark)
    return getattr(mark, "line", -1) + 1 if mark is not None and hasattr(mark, "line") else None


def _refuse(message: str, where=None) -> YamlRefused:
    line = _line(where) if where is not None else None
    return YamlRefused(f"{line}행: {message}" if line else message, row=line)


class GateLoader(yaml.SafeLoader):
    """SafeLoader with alias, depth, scalar-size, duplicate-key and finite-number checks."""

    gate_limits: Limits = Limits()

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0
        self._aliases = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            event = self.peek_event()
            if self._aliases > self.gate_limits.yaml_aliases:
                allowed = self.gate_limits.yaml_aliases
                raise _refuse("YAML 별칭(*이름)은 쓸 수 없습니다" if allowed == 0
                              else f"YAML 별칭(*이름)이 너무 많습니다 (최대 {allowed}개)", event.start_mark)
        event = self.peek_event()
        if isinstance(event, yaml.ScalarEvent):
            if len(event.value) > self.gate_limits.yaml_scalar_chars:
                raise _refuse(f"값이 너무 깁니다 ({len(event.value):,}자, 최대 {self.gate_limits.yaml_scalar_chars:,}자)",
                              event.start_mark)
            return super().compose_node(parent, index)
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            self._depth += 1
            if self._depth > self.gate_limits.yaml_depth:
                raise _refuse(f"YAML 중첩이 너무 깊습니다 (최대 {self.gate_limits.yaml_depth}단계)", event.start_mark)
            try:
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        if isinstance(node, MappingNode):
            self.flatten_mapping(node)
            seen: dict = {}
            for key_node, _ in node.value:
                if isinstance(key_node, ScalarNode):
                    key = self.construct_object(key_node, deep=True)
                    try:
                        hash(key)
                    except TypeError:
                        raise _refuse("항목 이름으로 쓸 수 없는 값입니다", key_node) from None
                    if key in seen:
                        raise _refuse(f"같은 항목을 두 번 썼습니다 ({seen[key]}행에도 있음) — 한 번만 쓰세요", key_node)
                    seen[key] = _line(key_node)
        return SafeConstructor.construct_mapping(self, node, deep=deep)

    def construct_yaml_float(self, node):
        value = SafeConstructor.construct_yaml_float(self, node)
        if not math.isfinite(value):
            raise _refuse("숫자는 유한한 값이어야 합니다 (.nan, .inf, 너무 큰 수는 쓸 수 없습니다)", node)
        return value


GateLoader.add_constructor("tag:yaml.org,2002:float", GateLoader.construct_yaml_float)


def load_yaml(data: bytes | str, name: str = "", lim: Limits | None = None):
    """Parse one YAML document under the limits; raise YamlRefused (Korean, with the line)."""
    lim = lim or current_limits()
    size = len(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
    if size > lim.yaml_bytes:
        raise YamlRefused(f"카드 파일이 너무 큽니다 ({size / 1024:,.0f}KB, 최대 {lim.yaml_kb:,.0f}KB)")
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise YamlRefused(f"카드 파일은 UTF-8로 저장해야 합니다 ({err.start:,}번째 바이트)") from None
    else:
        text = data.removeprefix("\ufeff")
    if not text.strip():
        raise YamlRefused("빈 파일입니다")
    loader_cls = type("BoundGateLoader", (GateLoader,), {"gate_limits": lim})
    loader = None
    try:
        loader = loader_cls(text)
        return loader.get_single_data()
    except YamlRefused:
        raise
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        line = _line(mark) if mark is not None else None
        raise YamlRefused(f"{line}행: YAML 형식 오류입니다" if line else "YAML 형식 오류입니다", row=line) from None
    except (RecursionError, MemoryError, OverflowError, ValueError, TypeError) as err:
        raise YamlRefused(f"YAML을 읽을 수 없습니다 ({type(err).__name__})") from None
    finally:
        if loader is not None:
            loader.dispose()
