"""How the original solution's Python consumers read a legacy event, written here
independently for the tests: the scoring agent (refarch-reefer-ml scoring/eventConsumer,
ScoringAgent.py) json-decodes the Kafka value, `eval`s its payload string and checks that
fields 3 to 11 are numbers before scoring; the notebooks (ml/kafka-to-panda.ipynb)
`ast.literal_eval` it.

Reads one Kafka event value per line on stdin; prints one line per event: the 20 values of the
tuple as `type:value` separated by tabs (floats as repr, which reads back exactly), or
`REFUSED <reason>`. Also, with --repr, reads float hex strings and prints Python's repr of each.
"""
import ast
import json
import sys


def check(line):
    msg = json.loads(line)
    payload = msg["payload"]
    if not isinstance(payload, str):
        return "REFUSED eval() arg 1 must be a string, not " + type(payload).__name__
    tuple_ = ast.literal_eval(payload)
    evaluated = eval(payload, {"__builtins__": {}}, {})  # as the agent does
    if evaluated != tuple_ or not isinstance(tuple_, tuple) or len(tuple_) != 20:
        return "REFUSED not a 20-value tuple"
    for i in range(0, 9):  # the agent's assessDataAreValid
        float(tuple_[3 + i])
    if msg["containerID"] != tuple_[0] or msg["timestamp"] != tuple_[1]:
        return "REFUSED the envelope does not match the payload"
    return "\t".join(type(v).__name__ + ":" + repr(v) if not isinstance(v, str)
                     else "str:" + v for v in tuple_)


def main():
    if sys.argv[1:] == ["--repr"]:
        for line in sys.stdin:
            print(repr(float.fromhex(line.strip())))
        return
    for line in sys.stdin:
        try:
            print(check(line))
        except Exception as e:  # what the agent would crash on
            print("REFUSED " + type(e).__name__ + ": " + str(e))


main()
