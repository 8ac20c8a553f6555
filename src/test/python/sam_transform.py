"""Transforms template.yaml with the SAM translator, as CloudFormation's AWS::Serverless transform does, once per set
of parameter values, and prints the results as one JSON document (read by SamTransformTest).

Usage: python3 sam_transform.py TEMPLATE < requests.json
  requests.json: [{"parameters": {"Name": "value", ...}, "codeUri": "s3://bucket/key"}, ...]
  output:        [{"resources": {...}, "resolved": {...}}, ...] where "resources" is the transformed template's
                 Resources as the translator emits them, and "resolved" the same with every parameter reference
                 (Ref, ${Param} in Fn::Sub) replaced by its value, and Fn::If, Fn::FindInMap and the list form of
                 Fn::Sub resolved, as CloudFormation will at deploy time.

sam deploy uploads the built code and replaces each local CodeUri with its S3 location before the transform runs;
"codeUri" stands for that location. Exits 3 with one line on stderr when the translator is not installed.
"""

import copy
import json
import os
import sys

try:
    from cfnlint.decode import decode_str
    from samtranslator.intrinsics.resolver import IntrinsicsResolver
    from samtranslator.translator.transform import transform
except ImportError as e:  # pragma: no cover - reported to the test
    print(f"the SAM translator is not installed ({e}); pip install cfn-lint (it brings aws-sam-translator)",
          file=sys.stderr)
    sys.exit(3)


class NoManagedPolicies:
    """The template names no AWS managed policy by name, so none need looking up."""

    def load(self):
        return {}


def parameter_values(template, overrides):
    """Every parameter's value as CloudFormation passes it: a string, the default unless overridden."""
    values = {name: str(spec["Default"]) for name, spec in template.get("Parameters", {}).items() if "Default" in spec}
    values.update({name: str(value) for name, value in overrides.items()})
    values.setdefault("AWS::Region", "us-east-1")
    values.setdefault("AWS::Partition", "aws")
    values.setdefault("AWS::AccountId", "123456789012")
    values.setdefault("AWS::StackName", "subscription-sentinel")
    return values


def condition_values(template, values):
    """Every condition's value (Fn::Equals, Fn::Not, Fn::And, Fn::Or and Condition over resolved parameters)."""
    conditions = IntrinsicsResolver(dict(values)).resolve_parameter_refs(copy.deepcopy(template.get("Conditions", {})))
    done = {}

    def evaluate(node):
        if isinstance(node, dict) and len(node) == 1:
            (key, arg), = node.items()
            if key == "Fn::Equals":
                return str(arg[0]) == str(arg[1])
            if key == "Fn::Not":
                return not evaluate(arg[0])
            if key == "Fn::And":
                return all(evaluate(a) for a in arg)
            if key == "Fn::Or":
                return any(evaluate(a) for a in arg)
            if key == "Condition":
                return value(arg)
        raise ValueError(f"cannot evaluate condition {node}")

    def value(name):
        if name not in done:
            done[name] = evaluate(conditions[name])
        return done[name]

    return {name: value(name) for name in conditions}


def resolve_conditions_and_maps(node, conditions, mappings):
    """Fn::If by the conditions' values, Fn::FindInMap with literal keys, and the list form of Fn::Sub whose own
    variables are then literal, as CloudFormation resolves them at deploy time (a Ref to a resource stays)."""
    if isinstance(node, list):
        return [resolve_conditions_and_maps(n, conditions, mappings) for n in node]
    if not isinstance(node, dict):
        return node
    if len(node) == 1:
        (key, arg), = node.items()
        if key == "Fn::If" and arg[0] in conditions:
            return resolve_conditions_and_maps(arg[1] if conditions[arg[0]] else arg[2], conditions, mappings)
        if key == "Fn::FindInMap" and all(isinstance(a, str) for a in arg):
            return mappings[arg[0]][arg[1]][arg[2]]
        if key == "Fn::Sub" and isinstance(arg, list):
            variables = resolve_conditions_and_maps(arg[1], conditions, mappings)
            if all(isinstance(v, str) for v in variables.values()):
                text = arg[0]
                for name, v in variables.items():
                    text = text.replace("${" + name + "}", v)
                return text if "${" not in text else {"Fn::Sub": text}
    return {k: resolve_conditions_and_maps(v, conditions, mappings) for k, v in node.items()}


def main():
    # The translator asks boto for a region even when the parameters carry one.
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    with open(sys.argv[1], encoding="utf-8") as f:
        template, matches = decode_str(f.read())
    if matches:
        print(f"cannot read {sys.argv[1]}: {matches}", file=sys.stderr)
        sys.exit(2)
    template = json.loads(json.dumps(template))
    results = []
    for request in json.load(sys.stdin):
        document = copy.deepcopy(template)
        document.setdefault("Globals", {}).setdefault("Function", {})["CodeUri"] = request["codeUri"]
        values = parameter_values(document, request.get("parameters", {}))
        transformed = transform(document, dict(values), NoManagedPolicies())
        resources = transformed["Resources"]
        resolved = IntrinsicsResolver(dict(values)).resolve_parameter_refs(copy.deepcopy(resources))
        resolved = resolve_conditions_and_maps(resolved, condition_values(document, values),
                                               document.get("Mappings", {}))
        results.append({"resources": resources, "resolved": resolved})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
