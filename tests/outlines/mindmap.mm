<map version="freeplane 1.9.8">
<node TEXT="Security Roadmap" ID="ID_1">
<node TEXT="Networks" POSITION="right" ID="ID_2">
<node TEXT="Firewalls" ID="ID_3"/>
<node TEXT="TLS" LINK="https://datatracker.ietf.org/doc/html/rfc8446" ID="ID_4"/>
</node>
<node POSITION="left" ID="ID_5"><richcontent TYPE="NODE"><html><body><p>Applications</p></body></html></richcontent>
<node TEXT="OWASP Top 10" ID="ID_6"><richcontent TYPE="NOTE"><html><body><p>The ten most critical risks.</p></body></html></richcontent></node>
</node>
</node>
</map>
