#!/usr/bin/python3
"""runtime_image.py, the check that a service image holds every shared library
its binary loads: it accepts docker/Dockerfile's package lists and names the
library when a package is missing. Uses a shared library every machine with
scripts/setup has (libgrpc++), so it does not depend on the services' build."""

import os
import re
import shutil
import sys
import tempfile
import unittest

import runtime_image

GRPC = "/usr/lib/x86_64-linux-gnu/libgrpc++.so.1.51"


class FirstChoiceParserTest(unittest.TestCase):
    def test_takes_the_first_alternative_and_the_first_provider(self):
        output = ("ca-certificates\n"
                  "  Depends: openssl\n"
                  " |Depends: debconf\n"
                  "  Depends: <debconf-2.0>\n"
                  "    cdebconf\n"
                  "    debconf\n"
                  "libx\n"
                  "  PreDepends: <virtual-x>\n"
                  "    provider-a\n"
                  "    provider-b\n"
                  "  Depends: liby\n")
        self.assertEqual(runtime_image._first_choices(output),
                         {"ca-certificates": ["openssl", "debconf"],
                          "libx": ["provider-a", "liby"]})


class CheckLibsTest(unittest.TestCase):
    def setUp(self):
        self.assertTrue(os.path.exists(GRPC), "libgrpc++1.51 missing: run scripts/setup")

    def test_the_real_dockerfile_covers_grpc_and_its_dependencies(self):
        self.assertEqual(runtime_image.check_libs("gateway", GRPC), 0)

    def test_a_missing_package_is_named(self):
        with open(runtime_image.DOCKERFILE, encoding="utf-8") as f:
            text = f.read()
        without_grpc = re.sub(r"libgrpc\+\+1\.51\s+", "", text)
        self.assertNotEqual(text, without_grpc)
        directory = tempfile.mkdtemp()
        try:
            path = os.path.join(directory, "Dockerfile")
            with open(path, "w", encoding="utf-8") as f:
                f.write(without_grpc)
            self.assertEqual(runtime_image.check_libs("gateway", GRPC, path), 1)
        finally:
            shutil.rmtree(directory)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
