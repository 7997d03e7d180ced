/**
 * `/docs`: a self-contained page (no CDN, inline CSS and JS) that renders /openapi.json readably:
 * per tag the routes with roles, parameters, body fields (a command union as one table per
 * command), answers, and the event types with their fields.
 */
export const DOCS_PAGE = `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>gearbox API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
header{background:#123a5a;color:#fff;padding:16px 24px}h1{margin:0;font-size:22px}
nav{padding:8px 24px;background:#e9edf2;font-size:14px}nav a{margin-right:14px;color:#123a5a}
main{max-width:1100px;margin:0 auto;padding:16px 24px}
section{background:#fff;border:1px solid #d8dde3;border-radius:6px;margin:10px 0;padding:10px 14px}
.m{display:inline-block;min-width:60px;font-weight:700;text-transform:uppercase;font-size:12px;padding:2px 6px;border-radius:4px;color:#fff;margin-right:8px;text-align:center}
.get{background:#2b7a3d}.post{background:#1f5fa8}.put{background:#8a5a00}.delete{background:#a12b2b}
code{font-family:ui-monospace,monospace}h2{font-size:18px;margin:28px 0 4px}h4{margin:10px 0 2px;font-size:14px}
.roles,.muted{color:#555;font-size:13px}
table{border-collapse:collapse;width:100%;font-size:13px;margin:4px 0}th,td{text-align:left;vertical-align:top;border-top:1px solid #e3e7eb;padding:3px 6px}
th{color:#555;font-weight:600}td table{margin:0}
</style></head><body><header><h1>gearbox API</h1><div id="desc"></div></header><nav id="nav"></nav><main id="main">Laden…</main>
<script>
(function(){
  var esc=function(s){return String(s).replace(/[&<>"']/g,function(c){return {'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c];});};
  function typeOf(s){
    if(!s)return 'any';
    if(s.$ref)return s.$ref.split('/').pop();
    if(s.const!==undefined)return JSON.stringify(s.const);
    if(s.enum)return s.enum.map(function(v){return JSON.stringify(v);}).join(' | ');
    var alts=s.oneOf||s.anyOf;if(alts)return alts.map(typeOf).join(' | ');
    if(s.type==='array')return typeOf(s.items)+'[]';
    if(Array.isArray(s.type))return s.type.join(' | ');
    return (s.type||'any')+(s.format?' ('+s.format+')':'');
  }
  function rules(s){
    var r=[];if(!s)return '';
    if(s.description)r.push(esc(s.description));
    if(s.minLength!==undefined)r.push('min length '+s.minLength);
    if(s.maxLength!==undefined)r.push('max length '+s.maxLength);
    if(s.minimum!==undefined)r.push('≥ '+s.minimum);
    if(s.maximum!==undefined)r.push('≤ '+s.maximum);
    if(s.minItems!==undefined)r.push('at least '+s.minItems+' items');
    if(s.pattern)r.push('pattern <code>'+esc(s.pattern)+'</code>');
    if(s.default!==undefined)r.push('default '+esc(JSON.stringify(s.default)));
    return r.join('; ');
  }
  function fields(s,depth){
    if(!s||!s.properties)return '<code>'+esc(typeOf(s))+'</code>';
    var req=s.required||[],h='<table><tr><th>field</th><th>type</th><th>required</th><th>rules</th></tr>';
    Object.keys(s.properties).forEach(function(name){
      var p=s.properties[name],inner=p.type==='array'?p.items:p;
      var nested=inner&&inner.properties&&depth<3?fields(inner,depth+1):'';
      h+='<tr><td><code>'+esc(name)+'</code></td><td><code>'+esc(typeOf(p))+'</code>'+nested+'</td><td>'+(req.indexOf(name)>=0?'yes':'')+'</td><td>'+rules(p)+'</td></tr>';
    });
    return h+'</table>';
  }
  function body(s){
    var alts=s&&(s.oneOf||s.anyOf);
    if(!alts)return fields(s,0);
    return alts.map(function(b){
      var t=b.properties&&b.properties.type&&b.properties.type.const;
      if(t===undefined)return fields(b,0);
      var rest={properties:{},required:(b.required||[]).filter(function(n){return n!=='type';})};
      Object.keys(b.properties).forEach(function(n){if(n!=='type')rest.properties[n]=b.properties[n];});
      return '<h4><code>'+esc(t)+'</code></h4>'+(b.description?'<div class="roles">'+esc(b.description)+'</div>':'')+(Object.keys(rest.properties).length?fields(rest,0):'<div class="muted">no fields</div>');
    }).join('');
  }
  function params(ps){
    var h='<table><tr><th>name</th><th>in</th><th>type</th><th>required</th><th>about</th></tr>';
    ps.forEach(function(p){h+='<tr><td><code>'+esc(p.name)+'</code></td><td>'+esc(p.in)+'</td><td><code>'+esc(typeOf(p.schema))+'</code></td><td>'+(p.required?'yes':'')+'</td><td>'+esc(p.description||'')+'</td></tr>';});
    return h+'</table>';
  }
  function answers(rs){
    var h='<table><tr><th>status</th><th>meaning</th></tr>';
    Object.keys(rs).forEach(function(code){
      var r=rs[code],types=r.content?Object.keys(r.content):[],schema=types.length?r.content[types[0]].schema:undefined;
      h+='<tr><td>'+esc(code)+'</td><td>'+esc(r.description)+(types.length?' <span class="muted">('+esc(types[0])+(schema&&!schema.$ref?': '+esc(typeOf(schema)):'')+')</span>':'')+'</td></tr>';
    });
    return h+'</table>';
  }
  fetch('openapi.json').then(function(r){return r.json();}).then(function(doc){
    document.getElementById('desc').textContent=doc.info.description+' — versie '+doc.info.version;
    var byTag={};
    Object.keys(doc.paths).forEach(function(path){Object.keys(doc.paths[path]).forEach(function(m){var op=doc.paths[path][m];(byTag[op.tags[0]]=byTag[op.tags[0]]||[]).push([m,path,op]);});});
    var html='',nav='';
    Object.keys(byTag).forEach(function(tag){
      nav+='<a href="#tag-'+esc(tag)+'">'+esc(tag)+'</a>';
      html+='<h2 id="tag-'+esc(tag)+'">'+esc(tag)+'</h2>';
      byTag[tag].forEach(function(x){
        var m=x[0],path=x[1],op=x[2];
        html+='<section><div><span class="m '+m+'">'+m+'</span><code>'+esc(path)+'</code> — '+esc(op.summary)+'</div>';
        html+='<div class="roles">'+esc(op.description||(op.security&&op.security.length?'Any valid token.':'No token needed.'))+'</div>';
        if(op.parameters)html+='<h4>Parameters</h4>'+params(op.parameters);
        if(op.requestBody)html+='<h4>Body</h4>'+body(op.requestBody.content['application/json'].schema);
        html+='<h4>Answers</h4>'+answers(op.responses)+'</section>';
      });
    });
    var schemas=(doc.components&&doc.components.schemas)||{},events=Object.keys(schemas).filter(function(k){return k.indexOf('event.')===0;}).sort();
    if(events.length){
      nav+='<a href="#events">events</a>';
      html+='<h2 id="events">Events</h2><p class="muted">The data each event type carries; JSON Schema at /api/v1/schemas/&lt;type&gt;.</p>';
      events.forEach(function(k){html+='<section><h4><code>'+esc(k.slice(6))+'</code></h4>'+fields(schemas[k],0)+'</section>';});
    }
    document.getElementById('nav').innerHTML=nav;
    document.getElementById('main').innerHTML=html;
  }).catch(function(e){document.getElementById('main').textContent='Could not load openapi.json: '+e;});
})();
</script></body></html>`;
