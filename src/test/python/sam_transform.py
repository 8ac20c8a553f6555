"""Transforms template.yaml with the SAM translator, as CloudFormation's AWS::Serverless transform does, once per set
of parameter values, and prints the results as one JSON document (read by SamTransformTest).

Usage: python3 sam_transform.py TEMPLATE < requests.json
  requests.json: [{"parameters": {"Name": "value", ...}, "codeUri": "s3://bucket/key"}, ...]
  output:        [{"resources": {...}, "resolved": {...}}, ...] where "resources" is the transformed template's
                 Resources as the translator emits them, and "resolved" the same with every parameter reference
                 (Ref, ${Param} in Fn::Sub) replaced by its value, as CloudFormation will at deploy time.

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
        results.append({"resources": resources, "resolved": resolved})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
