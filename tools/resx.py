#!/usr/bin/env python3
"""Adds or updates English translations in a .resx file (keys are the Chinese text).

usage: tools/resx.py src/OneCity.Web/Resources/Pages/Index.en.resx '中文=English' ...
"""
import sys, os
import xml.etree.ElementTree as ET

HEADER = '''<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
</root>
'''

def main():
    path, pairs = sys.argv[1], sys.argv[2:]
    if not os.path.exists(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w', encoding='utf-8') as f:
            f.write(HEADER)
    tree = ET.parse(path)
    root = tree.getroot()
    existing = {d.get('name'): d for d in root.findall('data')}
    for pair in pairs:
        key, value = pair.split('=', 1)
        d = existing.get(key)
        if d is None:
            d = ET.SubElement(root, 'data', {'name': key, '{http://www.w3.org/XML/1998/namespace}space': 'preserve'})
            ET.SubElement(d, 'value')
            existing[key] = d
        d.find('value').text = value
    ET.indent(tree, space='  ')
    tree.write(path, encoding='utf-8', xml_declaration=True)

if __name__ == '__main__':
    main()
